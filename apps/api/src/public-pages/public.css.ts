/** The one stylesheet of the patients' pages (served from this origin so the CSP stays strict). */
export const PUBLIC_CSS = `
:root { color-scheme: light; --ink: #1b2430; --muted: #5a6472; --accent: #0b6bcb; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 34rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
.profile { text-align: center; }
.logo { border-radius: 1rem; object-fit: cover; background: #fff; }
h1 { font-size: 1.75rem; margin: .75rem 0 .5rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; }
.about, .hint, .label { color: var(--muted); }
.label { display: inline-block; min-width: 5.5rem; }
.button { display: block; margin: 1.5rem 0 .5rem; padding: .9rem 1rem; border-radius: .6rem; background: var(--accent); color: #fff;
  font-weight: 600; font-size: 1.1rem; text-align: center; text-decoration: none; }
.button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
a { color: var(--accent); }
form { margin: 1rem 0; }
.field { margin: 1rem 0; }
.field label { display: block; font-weight: 600; margin-bottom: .25rem; }
.field textarea { display: block; width: 100%; min-height: 8rem; resize: vertical; box-sizing: border-box; padding: .7rem .8rem;
  font: inherit; border: 1px solid #9aa4b2; border-radius: .5rem; background: #fff; }
.field input[type=text], .field input[type=tel], .field input[type=email], .field input:not([type]) { width: 100%; padding: .7rem .8rem; font: inherit;
  border: 1px solid #9aa4b2; border-radius: .5rem; background: #fff; }
.field.consent { display: grid; grid-template-columns: auto 1fr; gap: .6rem; align-items: start; }
.field.consent label { font-weight: 400; color: var(--muted); font-size: .95rem; }
.field.consent .error { grid-column: 1 / -1; }
.field.invalid input { border-color: #b42318; }
.error { color: #b42318; margin: .25rem 0 0; }
.notice { background: #fff7e6; border: 1px solid #f5c26b; border-radius: .5rem; padding: .6rem .8rem; }
button.button { width: 100%; border: 0; cursor: pointer; font: inherit; font-weight: 600; font-size: 1.1rem; }
.link-button { background: none; border: 0; padding: 0; color: var(--accent); text-decoration: underline; font: inherit; cursor: pointer; }
ul { padding-left: 1.25rem; }
`;
