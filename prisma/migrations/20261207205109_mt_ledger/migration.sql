-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MtBatch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER,
    "projectId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "texts" INTEGER NOT NULL,
    "segments" INTEGER NOT NULL,
    "billedCharacters" INTEGER NOT NULL,
    "sentCharacters" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'done',
    "error" TEXT,
    "requests" INTEGER NOT NULL,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MtBatch_runId_fkey" FOREIGN KEY ("runId") REFERENCES "MtRun" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_MtBatch" ("billedCharacters", "createdAt", "durationMs", "id", "lang", "projectId", "provider", "requests", "retries", "runId", "segments", "texts") SELECT "billedCharacters", "createdAt", "durationMs", "id", "lang", "projectId", "provider", "requests", "retries", "runId", "segments", "texts" FROM "MtBatch";
DROP TABLE "MtBatch";
ALTER TABLE "new_MtBatch" RENAME TO "MtBatch";
CREATE INDEX "MtBatch_projectId_lang_idx" ON "MtBatch"("projectId", "lang");
CREATE INDEX "MtBatch_runId_state_idx" ON "MtBatch"("runId", "state");
CREATE TABLE "new_MtRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provider" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "langs" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "owner" TEXT NOT NULL DEFAULT '',
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "billedCharacters" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT,
    "jobId" INTEGER,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);
INSERT INTO "new_MtRun" ("billedCharacters", "finishedAt", "id", "jobId", "langs", "params", "provider", "requests", "startedAt", "status", "summary") SELECT "billedCharacters", "finishedAt", "id", "jobId", "langs", "params", "provider", "requests", "startedAt", "status", "summary" FROM "MtRun";
DROP TABLE "MtRun";
ALTER TABLE "new_MtRun" RENAME TO "MtRun";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
