-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "parentItemIndex" INTEGER;
