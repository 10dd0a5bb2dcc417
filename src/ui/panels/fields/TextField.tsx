import { useId, useState } from 'react';
import type { FieldError } from '../../../topology/fieldRules';

interface Props {
  readonly label: string;
  readonly value: string;
  /** Null when acceptable; otherwise the reason, shown at the field. */
  readonly validate: (value: string) => FieldError;
  readonly onCommit: (value: string) => void;
  readonly type?: 'text' | 'number' | 'password';
  readonly hint?: string;
}

/**
 * A field that commits on Enter or when focus leaves it, and only a valid value: an invalid
 * one stays in the field with the reason beside it, and the design never holds it.
 */
export function TextField({ label, value, validate, onCommit, type = 'text', hint }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<FieldError>(null);
  // A new value from the design (undo, another edit) replaces what was typed.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
    setError(null);
  }
  const commit = () => {
    if (draft === value) return setError(null);
    const problem = validate(draft);
    setError(problem);
    if (!problem) onCommit(draft);
  };
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        // A password here is made up for a file, never one a browser should fill in or remember.
        autoComplete={type === 'password' ? 'new-password' : undefined}
        value={draft}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(value);
            setError(null);
          }
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="field-hint">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
