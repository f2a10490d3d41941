-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MtGlossary" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "targetLang" TEXT NOT NULL,
    "glossaryId" TEXT NOT NULL,
    "entriesHash" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL DEFAULT '',
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_MtGlossary" ("entriesHash", "glossaryId", "id", "projectId", "provider", "syncedAt", "targetLang") SELECT "entriesHash", "glossaryId", "id", "projectId", "provider", "syncedAt", "targetLang" FROM "MtGlossary";
DROP TABLE "MtGlossary";
ALTER TABLE "new_MtGlossary" RENAME TO "MtGlossary";
CREATE UNIQUE INDEX "MtGlossary_projectId_provider_targetLang_key" ON "MtGlossary"("projectId", "provider", "targetLang");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
