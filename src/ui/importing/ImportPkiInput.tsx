import { useId } from 'react';
import { useImportPki } from './useImportPki';

/** The visible file picker for an existing PKI: a zip, PEM and key files, kubeconfigs. */
export function ImportPkiInput() {
  const id = useId();
  const importFiles = useImportPki();
  return (
    <div className="import-input">
      <label htmlFor={id} className="button-like">
        Import PKI
      </label>
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
      <label htmlFor={`${id}-folder`} className="button-like">
        Import a folder
      </label>
      <input
        id={`${id}-folder`}
        type="file"
        className="visually-hidden"
        // A copy of /etc/kubernetes, say: the browser reads every file under it.
        {...{ webkitdirectory: '' }}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          void importFiles(files);
        }}
      />
      <span className="field-hint">or drop files or a folder anywhere on the page</span>
    </div>
  );
}
