-- AlterTable
ALTER TABLE "MtBatch" ADD COLUMN     "error" TEXT,
ADD COLUMN     "sentCharacters" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'done';

-- AlterTable
ALTER TABLE "MtRun" ADD COLUMN     "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "owner" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "MtBatch_runId_state_idx" ON "MtBatch"("runId", "state");
