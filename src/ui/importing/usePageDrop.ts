import { useEffect } from 'react';
import { droppedFiles } from './droppedFiles';
import { useImportPki } from './useImportPki';

/** The whole page accepts a drop of files to import (credential chips dragged to CAs are not files). */
export function usePageDrop(): void {
  const importFiles = useImportPki();
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) void importFiles(droppedFiles(e.dataTransfer));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [importFiles]);
}
