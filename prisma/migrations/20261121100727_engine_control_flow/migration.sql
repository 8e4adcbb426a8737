-- AlterEnum
ALTER TYPE "NodeRunStatus" ADD VALUE 'waiting';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RunStatus" ADD VALUE 'waiting';
ALTER TYPE "RunStatus" ADD VALUE 'budget_exceeded';

-- AlterTable
ALTER TABLE "NodeRun" ADD COLUMN     "notBefore" TIMESTAMP(3),
ADD COLUMN     "takenHandles" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "deadlineAt" TIMESTAMP(3),
ADD COLUMN     "reservedNanoUsd" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "NodeRun_status_queuedAt_idx" ON "NodeRun"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "Run_status_idx" ON "Run"("status");
