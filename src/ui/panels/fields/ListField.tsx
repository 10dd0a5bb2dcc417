import { useId, useState } from 'react';
import type { FieldError } from '../../../topology/fieldRules';

interface Props {
  /** Plural label, e.g. "DNS SANs"; the add field is labelled "Add <singular>". */
  readonly label: string;
  readonly singular: string;
  readonly values: readonly string[];
  readonly validate: (value: string) => FieldError;
  readonly onChange: (values: string[]) => void;
}

/** A list of values (SANs, groups): each removable, new ones checked before they are added. */
export function ListField({ label, singular, values, validate, onChange }: Props) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<FieldError>(null);
  const add = () => {
    const value = draft.trim();
    if (!value) return;
    const problem = values.includes(value) ? `${value} is already in the list.` : validate(value);
    setError(problem);
    if (problem) return;
    onChange([...values, value]);
    setDraft('');
  };
  return (
    <fieldset className="list-field">
      <legend>{label}</legend>
      {values.length === 0 ? (
        <p className="field-hint">None.</p>
      ) : (
        <ul>
          {values.map((v) => (
            <li key={v}>
              <code>{v}</code>
              <button
                type="button"
                aria-label={`Remove ${singular} ${v}`}
                onClick={() => onChange(values.filter((x) => x !== v))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="list-add">
        <label htmlFor={id} className="visually-hidden">{`Add ${singular}`}</label>
        <input
          id={id}
          value={draft}
          placeholder={`Add ${singular}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <button type="button" onClick={add}>
          Add
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
