-- AlterTable
ALTER TABLE "NodeRun" ADD COLUMN     "resumeAt" TIMESTAMP(3),
ADD COLUMN     "waitKind" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "actorId" TEXT,
ADD COLUMN     "actorType" TEXT NOT NULL DEFAULT 'user';

-- CreateIndex
CREATE INDEX "NodeRun_resumeAt_idx" ON "NodeRun"("resumeAt");
