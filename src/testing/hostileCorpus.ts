// Values an attacker would put in a shared design, for the hostile-input tests. `MARK` stands
// for the path of a marker file: a payload that runs creates it, so its absence shows nothing ran.

/** Shell, openssl-config and YAML metacharacter payloads; each names the marker it would create. */
export function shellPayloads(mark: string): string[] {
  return [
    `x'$(touch ${mark})'`, `$(touch ${mark})`, `\`touch ${mark}\``, `a;touch ${mark}`, `a&&touch ${mark}`, `a|touch ${mark}`,
    `a\ntouch ${mark}`, `a\r\ntouch ${mark}`, `O'Brien`, `"$(touch ${mark})"`, `\\'$(touch ${mark})\\'`, `a' ; touch ${mark} ; '`,
    `$(touch\${IFS}${mark})`, `\${IFS}touch\${IFS}${mark}`, `<(touch ${mark})`, `>(touch ${mark})`, `a>${mark}`, `{touch,${mark}}`,
    `$((1+1))`, `$HOME`, `\${ENV::HOME}`, `$ENV::HOME`, `#comment`, `a#b`, `*`, `?`, `~`, `!!`, `-rf`, `--help`, `%s%n%x`,
    `\\`, `a\\nb`, `'`, `''`, `"`, ` leading and trailing `, `tab\there`, `ümlaut 漢字 🙂`, `a\u0000b`, `x\u202ey`,
    `EOF\ntouch ${mark}\nEOF`, `exec: {command: touch ${mark}}`, `a: b\nexec:\n  command: touch`, `&anchor *alias`, `- item`,
    `../../${mark}`, `/tmp/${mark}`, `a/../../b`, `C:\\evil`, `${'x'.repeat(10_000)}`,
  ];
}

/** Values for free-text fields beyond shell syntax: unicode edge cases, controls and sizes. */
export const ODD_TEXT = [
  '', ' ', '\n', '\t', '\u0085', '\u2028', '\u00a0', '\ufeff', '\u200b', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(100), 'x'.repeat(101),
  'x'.repeat(2_500), 'x'.repeat(10_000), '\ud800', 'a\udfffb', 'é'.repeat(64), '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}', '__proto__', 'null', 'undefined', '0', '-1', 'true', '%00', '\\u0000',
];
