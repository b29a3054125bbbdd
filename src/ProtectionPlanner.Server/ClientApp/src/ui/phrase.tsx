// A translated sentence with elements inside it (a name in bold, a link, a button): each element takes the place the
// language gives its placeholder, rather than English fragments being glued around it in English word order.
import { Fragment, type ComponentChildren } from 'preact';

const mark = '\u0001';

/**
 * `sentence` is called with a marker for each part's placeholder (`t(key, { ...marks, date })`); its text is cut at
 * the markers and each part put in its place.
 */
export function phrase<Name extends string>(
  sentence: (marks: Record<Name, string>) => string,
  parts: Record<Name, ComponentChildren>,
): ComponentChildren {
  const marks = Object.fromEntries(Object.keys(parts).map((name) => [name, `${mark}${name}${mark}`])) as Record<
    Name,
    string
  >;
  return sentence(marks)
    .split(mark)
    .map((piece, index) => <Fragment key={index}>{index % 2 === 1 ? parts[piece as Name] : piece}</Fragment>);
}
