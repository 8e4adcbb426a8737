-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "rerunFromNodeId" TEXT,
ADD COLUMN     "rerunOfId" TEXT;

-- CreateIndex
CREATE INDEX "Run_workspaceId_status_createdAt_idx" ON "Run"("workspaceId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Run_rerunOfId_idx" ON "Run"("rerunOfId");
