-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "formatChoice" TEXT NOT NULL DEFAULT 'auto';

-- CreateTable
CREATE TABLE "ExportMark" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "exportedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExportMark_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExportMark_projectId_target_key" ON "ExportMark"("projectId", "target");

-- AddForeignKey
ALTER TABLE "ExportMark" ADD CONSTRAINT "ExportMark_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
