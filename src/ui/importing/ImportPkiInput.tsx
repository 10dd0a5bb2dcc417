import { useId } from 'react';
import { useImportPki } from './useImportPki';

/** The visible file picker for an existing PKI: a zip, PEM and key files, kubeconfigs. */
export function ImportPkiInput() {
  const id = useId();
  const importFiles = useImportPki();
  return (
    <div className="import-input">
      <label htmlFor={id} className="button-like">Import PKI</label>
      <input
        id={id}
        type="file"
        multiple
        className="visually-hidden"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          void importFiles(files);
        }}
      />
      <span className="field-hint">or drop files anywhere on the page</span>
    </div>
  );
}
