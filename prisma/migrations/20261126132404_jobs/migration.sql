-- AlterTable
ALTER TABLE "Job" ADD COLUMN "checkpoint" TEXT;
ALTER TABLE "Job" ADD COLUMN "heartbeatAt" DATETIME;
ALTER TABLE "Job" ADD COLUMN "workerId" TEXT;

-- CreateTable
CREATE TABLE "JobFile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "bytes" BLOB NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "JobFile_jobId_index_key" ON "JobFile"("jobId", "index");
