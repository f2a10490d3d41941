-- AlterTable
ALTER TABLE "TmUnit" ADD COLUMN     "qaErrors" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Presence" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "segmentId" INTEGER NOT NULL,
    "userName" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Presence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Presence_documentId_lang_updatedAt_idx" ON "Presence"("documentId", "lang", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Presence_clientId_key" ON "Presence"("clientId");
