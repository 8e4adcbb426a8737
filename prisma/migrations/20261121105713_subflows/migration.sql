-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "depth" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "parentNodeId" TEXT,
ADD COLUMN     "parentRunId" TEXT;

-- CreateIndex
CREATE INDEX "Run_parentRunId_idx" ON "Run"("parentRunId");
