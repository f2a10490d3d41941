-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "checkpoint" TEXT,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "workerId" TEXT;

-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "engine" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "note" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Translation" ADD COLUMN     "engine" TEXT NOT NULL DEFAULT '';

-- DropTable
DROP TABLE "GlossaryEntry";

-- CreateTable
CREATE TABLE "JobFile" (
    "id" SERIAL NOT NULL,
    "jobId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "JobFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TermEntry" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER,
    "scope" INTEGER NOT NULL,
    "sourceTerm" TEXT NOT NULL,
    "pos" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TermEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TermLang" (
    "id" SERIAL NOT NULL,
    "entryId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "terms" TEXT NOT NULL DEFAULT '[]',
    "forbidden" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "TermLang_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaIssue" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QaIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentComment" (
    "id" SERIAL NOT NULL,
    "segmentId" INTEGER NOT NULL,
    "lang" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'comment',
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SegmentComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TmUnit" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TmUnit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JobFile_jobId_index_key" ON "JobFile"("jobId", "index");

-- CreateIndex
CREATE INDEX "TermEntry_projectId_idx" ON "TermEntry"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "TermEntry_scope_sourceTerm_key" ON "TermEntry"("scope", "sourceTerm");

-- CreateIndex
CREATE UNIQUE INDEX "TermLang_entryId_lang_key" ON "TermLang"("entryId", "lang");

-- CreateIndex
CREATE INDEX "QaIssue_translationId_idx" ON "QaIssue"("translationId");

-- CreateIndex
CREATE INDEX "QaIssue_documentId_lang_severity_idx" ON "QaIssue"("documentId", "lang", "severity");

-- CreateIndex
CREATE INDEX "QaIssue_documentId_lang_check_idx" ON "QaIssue"("documentId", "lang", "check");

-- CreateIndex
CREATE INDEX "SegmentComment_segmentId_lang_idx" ON "SegmentComment"("segmentId", "lang");

-- CreateIndex
CREATE INDEX "TmUnit_sourceHash_targetLang_idx" ON "TmUnit"("sourceHash", "targetLang");

-- CreateIndex
CREATE INDEX "TmUnit_sourceLang_targetLang_id_idx" ON "TmUnit"("sourceLang", "targetLang", "id");

-- CreateIndex
CREATE INDEX "TmUnit_sourceLang_targetLang_updatedAt_idx" ON "TmUnit"("sourceLang", "targetLang", "updatedAt");

-- AddForeignKey
ALTER TABLE "TermLang" ADD CONSTRAINT "TermLang_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "TermEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaIssue" ADD CONSTRAINT "QaIssue_translationId_fkey" FOREIGN KEY ("translationId") REFERENCES "Translation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentComment" ADD CONSTRAINT "SegmentComment_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
