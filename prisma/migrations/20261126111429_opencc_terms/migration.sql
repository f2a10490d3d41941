-- CreateTable
CREATE TABLE "ConversionTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "replacement" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ConversionTerm_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Document" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "format" TEXT NOT NULL,
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
INSERT INTO "new_Document" ("bom", "byteLength", "createdAt", "encoding", "eol", "format", "id", "notes", "path", "projectId", "sourceHash", "sourceLang", "trailer", "updatedAt") SELECT "bom", "byteLength", "createdAt", "encoding", "eol", "format", "id", "notes", "path", "projectId", "sourceHash", "sourceLang", "trailer", "updatedAt" FROM "Document";
DROP TABLE "Document";
ALTER TABLE "new_Document" RENAME TO "Document";
CREATE UNIQUE INDEX "Document_projectId_path_key" ON "Document"("projectId", "path");
CREATE TABLE "new_Project" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "sourceLang" TEXT NOT NULL DEFAULT 'zh',
    "targetLangs" TEXT NOT NULL DEFAULT 'en,ru',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "conversionConfigs" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_Project" ("createdAt", "id", "name", "sourceLang", "targetLangs", "updatedAt") SELECT "createdAt", "id", "name", "sourceLang", "targetLangs", "updatedAt" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE UNIQUE INDEX "Project_name_key" ON "Project"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ConversionTerm_projectId_term_key" ON "ConversionTerm"("projectId", "term");
