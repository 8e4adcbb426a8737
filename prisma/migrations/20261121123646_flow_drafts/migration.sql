-- AlterTable
ALTER TABLE "Flow" ADD COLUMN     "draftGraph" JSONB,
ADD COLUMN     "draftRevision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "draftSavedAt" TIMESTAMP(3),
ADD COLUMN     "draftSavedById" TEXT;
