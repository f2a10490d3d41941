-- Glossary (issue #7): TermEntry (one per source term and project, or shared) and TermLang (translations per
-- language) replace GlossaryEntry (one row per project, language and source term). Hand-written data copy below:
-- keep it when regenerating this migration.

-- CreateTable
CREATE TABLE "TermEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER,
    "scope" INTEGER NOT NULL,
    "sourceTerm" TEXT NOT NULL,
    "pos" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TermLang" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "terms" TEXT NOT NULL DEFAULT '[]',
    "forbidden" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "TermLang_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "TermEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TermEntry_projectId_idx" ON "TermEntry"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "TermEntry_scope_sourceTerm_key" ON "TermEntry"("scope", "sourceTerm");

-- CreateIndex
CREATE UNIQUE INDEX "TermLang_entryId_lang_key" ON "TermLang"("entryId", "lang");

-- Copy the old rows: one entry per project and source term (the latest note wins), one language per old row,
-- its term becoming the preferred translation.
INSERT INTO "TermEntry" ("projectId", "scope", "sourceTerm", "note", "createdAt", "updatedAt")
SELECT g."projectId", g."projectId", g."sourceTerm",
       COALESCE((SELECT n."note" FROM "GlossaryEntry" n
         WHERE n."projectId" = g."projectId" AND n."sourceTerm" = g."sourceTerm" AND n."note" <> ''
         ORDER BY n."updatedAt" DESC LIMIT 1), ''),
       MIN(g."createdAt"), MAX(g."updatedAt")
FROM "GlossaryEntry" g
GROUP BY g."projectId", g."sourceTerm"
ORDER BY MIN(g."id");

INSERT INTO "TermLang" ("entryId", "lang", "terms", "forbidden")
SELECT e."id", g."targetLang", json_array(g."targetTerm"), '[]'
FROM "GlossaryEntry" g
JOIN "TermEntry" e ON e."scope" = g."projectId" AND e."sourceTerm" = g."sourceTerm"
ORDER BY g."id";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "GlossaryEntry";
PRAGMA foreign_keys=on;
