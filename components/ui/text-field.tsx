import type { InputHTMLAttributes } from "react";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange"> {
  label: string;
  value: string;
  onChange: (value: string) => void;
}

/** A labelled text input: the label wraps the input, so tests and screen readers find it by name. */
export function TextField({ label, value, onChange, ...input }: TextFieldProps) {
  return (
    <label className="block text-sm font-medium">
      {label}
      <input
        className="mt-1 block w-full rounded border border-slate-300 px-3 py-2 focus:border-slate-500 focus:outline-none"
        required
        {...input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
