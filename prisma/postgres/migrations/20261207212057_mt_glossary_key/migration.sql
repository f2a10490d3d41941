-- AlterTable
ALTER TABLE "MtGlossary" ADD COLUMN     "keyHash" TEXT NOT NULL DEFAULT '';
