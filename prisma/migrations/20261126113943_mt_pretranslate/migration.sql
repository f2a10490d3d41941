-- CreateTable
CREATE TABLE "MtRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provider" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "langs" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "billedCharacters" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT,
    "jobId" INTEGER,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "MtBatch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER,
    "projectId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "texts" INTEGER NOT NULL,
    "segments" INTEGER NOT NULL,
    "billedCharacters" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MtBatch_runId_fkey" FOREIGN KEY ("runId") REFERENCES "MtRun" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "params" TEXT NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "result" TEXT,
    "error" TEXT,
    "errorCode" TEXT,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GlossaryEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "sourceTerm" TEXT NOT NULL,
    "targetLang" TEXT NOT NULL,
    "targetTerm" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MtGlossary" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "targetLang" TEXT NOT NULL,
    "glossaryId" TEXT NOT NULL,
    "entriesHash" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable (a plain ADD COLUMN instead of redefining Translation)
ALTER TABLE "Translation" ADD COLUMN "flags" TEXT NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE INDEX "MtBatch_projectId_lang_idx" ON "MtBatch"("projectId", "lang");

-- CreateIndex
CREATE INDEX "Job_status_id_idx" ON "Job"("status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "GlossaryEntry_projectId_targetLang_sourceTerm_key" ON "GlossaryEntry"("projectId", "targetLang", "sourceTerm");

-- CreateIndex
CREATE UNIQUE INDEX "MtGlossary_projectId_provider_targetLang_key" ON "MtGlossary"("projectId", "provider", "targetLang");
