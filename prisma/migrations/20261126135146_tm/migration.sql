-- CreateTable
CREATE TABLE "TmUnit" (
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "TmUnit_sourceHash_targetLang_idx" ON "TmUnit"("sourceHash", "targetLang");

-- CreateIndex
CREATE INDEX "TmUnit_sourceLang_targetLang_id_idx" ON "TmUnit"("sourceLang", "targetLang", "id");

-- CreateIndex
CREATE INDEX "TmUnit_sourceLang_targetLang_updatedAt_idx" ON "TmUnit"("sourceLang", "targetLang", "updatedAt");
