-- CreateTable
CREATE TABLE "Presence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "segmentId" INTEGER NOT NULL,
    "userName" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TmUnit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceLang" TEXT NOT NULL,
    "targetLang" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "sourceHash" TEXT NOT NULL,
    "projectId" INTEGER,
    "documentId" INTEGER,
    "segmentId" INTEGER,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "origin" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL DEFAULT '',
    "nextHash" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "qaErrors" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_TmUnit" ("createdAt", "createdBy", "documentId", "id", "nextHash", "origin", "prevHash", "projectId", "segmentId", "source", "sourceHash", "sourceLang", "target", "targetLang", "updatedAt") SELECT "createdAt", "createdBy", "documentId", "id", "nextHash", "origin", "prevHash", "projectId", "segmentId", "source", "sourceHash", "sourceLang", "target", "targetLang", "updatedAt" FROM "TmUnit";
DROP TABLE "TmUnit";
ALTER TABLE "new_TmUnit" RENAME TO "TmUnit";
CREATE INDEX "TmUnit_sourceHash_targetLang_idx" ON "TmUnit"("sourceHash", "targetLang");
CREATE INDEX "TmUnit_sourceLang_targetLang_id_idx" ON "TmUnit"("sourceLang", "targetLang", "id");
CREATE INDEX "TmUnit_sourceLang_targetLang_updatedAt_idx" ON "TmUnit"("sourceLang", "targetLang", "updatedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Presence_documentId_lang_updatedAt_idx" ON "Presence"("documentId", "lang", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Presence_clientId_key" ON "Presence"("clientId");
