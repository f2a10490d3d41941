-- CreateTable
CREATE TABLE "QaIssue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "translationId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "check" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "side" TEXT NOT NULL DEFAULT 'target',
    "start" INTEGER,
    "end" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QaIssue_translationId_fkey" FOREIGN KEY ("translationId") REFERENCES "Translation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SegmentComment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "segmentId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'comment',
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SegmentComment_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Revision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "translationId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "engine" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Revision_translationId_fkey" FOREIGN KEY ("translationId") REFERENCES "Translation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Revision" ("createdAt", "createdBy", "id", "origin", "status", "text", "translationId", "version") SELECT "createdAt", "createdBy", "id", "origin", "status", "text", "translationId", "version" FROM "Revision";
DROP TABLE "Revision";
ALTER TABLE "new_Revision" RENAME TO "Revision";
CREATE INDEX "Revision_translationId_version_idx" ON "Revision"("translationId", "version");
CREATE TABLE "new_Translation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "segmentId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'untranslated',
    "origin" TEXT NOT NULL DEFAULT 'human',
    "engine" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedBy" TEXT NOT NULL DEFAULT '',
    "flags" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Translation_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Translation" ("createdAt", "flags", "id", "lang", "origin", "segmentId", "status", "text", "updatedAt", "updatedBy", "version") SELECT "createdAt", "flags", "id", "lang", "origin", "segmentId", "status", "text", "updatedAt", "updatedBy", "version" FROM "Translation";
DROP TABLE "Translation";
ALTER TABLE "new_Translation" RENAME TO "Translation";
CREATE INDEX "Translation_lang_status_idx" ON "Translation"("lang", "status");
CREATE UNIQUE INDEX "Translation_segmentId_lang_key" ON "Translation"("segmentId", "lang");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "QaIssue_translationId_idx" ON "QaIssue"("translationId");

-- CreateIndex
CREATE INDEX "QaIssue_documentId_lang_severity_idx" ON "QaIssue"("documentId", "lang", "severity");

-- CreateIndex
CREATE INDEX "QaIssue_documentId_lang_check_idx" ON "QaIssue"("documentId", "lang", "check");

-- CreateIndex
CREATE INDEX "SegmentComment_segmentId_lang_idx" ON "SegmentComment"("segmentId", "lang");
