-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_QaIssue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "translationId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "check" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "params" TEXT NOT NULL DEFAULT '{}',
    "side" TEXT NOT NULL DEFAULT 'target',
    "start" INTEGER,
    "end" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QaIssue_translationId_fkey" FOREIGN KEY ("translationId") REFERENCES "Translation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_QaIssue" ("check", "createdAt", "documentId", "end", "id", "lang", "message", "severity", "side", "start", "translationId", "version") SELECT "check", "createdAt", "documentId", "end", "id", "lang", "message", "severity", "side", "start", "translationId", "version" FROM "QaIssue";
DROP TABLE "QaIssue";
ALTER TABLE "new_QaIssue" RENAME TO "QaIssue";
CREATE INDEX "QaIssue_translationId_idx" ON "QaIssue"("translationId");
CREATE INDEX "QaIssue_documentId_lang_severity_idx" ON "QaIssue"("documentId", "lang", "severity");
CREATE INDEX "QaIssue_documentId_lang_check_idx" ON "QaIssue"("documentId", "lang", "check");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
