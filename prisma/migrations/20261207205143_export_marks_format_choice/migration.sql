-- CreateTable
CREATE TABLE "ExportMark" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "exportedAt" DATETIME NOT NULL,
    CONSTRAINT "ExportMark_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Document" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "formatChoice" TEXT NOT NULL DEFAULT 'auto',
    "sourceLang" TEXT NOT NULL,
    "encoding" TEXT NOT NULL DEFAULT 'utf-8',
    "bom" BOOLEAN NOT NULL DEFAULT false,
    "eol" TEXT NOT NULL DEFAULT '
',
    "trailer" TEXT NOT NULL DEFAULT '',
    "sourceHash" TEXT NOT NULL,
    "byteLength" INTEGER NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "sourceNormalization" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Document_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Document" ("bom", "byteLength", "createdAt", "encoding", "eol", "format", "id", "notes", "path", "projectId", "sourceHash", "sourceLang", "sourceNormalization", "trailer", "updatedAt") SELECT "bom", "byteLength", "createdAt", "encoding", "eol", "format", "id", "notes", "path", "projectId", "sourceHash", "sourceLang", "sourceNormalization", "trailer", "updatedAt" FROM "Document";
DROP TABLE "Document";
ALTER TABLE "new_Document" RENAME TO "Document";
CREATE UNIQUE INDEX "Document_projectId_path_key" ON "Document"("projectId", "path");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ExportMark_projectId_target_key" ON "ExportMark"("projectId", "target");
