/**
 * Where a character of a textarea or input is drawn, relative to the field's top-left corner, by
 * laying the text out again in a hidden copy with the same box and font (the classic mirror trick).
 */
const COPIED = [
  "direction",
  "boxSizing",
  "width",
  "height",
  "overflowX",
  "overflowY",
  "borderTopWidth",
  "borderRightWidth",
  "borderBottomWidth",
  "borderLeftWidth",
  "borderStyle",
  "paddingTop",
  "paddingRight",
  "paddingBottom",
  "paddingLeft",
  "fontStyle",
  "fontVariant",
  "fontWeight",
  "fontStretch",
  "fontSize",
  "lineHeight",
  "fontFamily",
  "textAlign",
  "textTransform",
  "textIndent",
  "letterSpacing",
  "wordSpacing",
  "tabSize",
] as const;

export function caretCoordinates(field: HTMLTextAreaElement | HTMLInputElement, position: number): { top: number; left: number; height: number } {
  const computed = getComputedStyle(field);
  const mirror = document.createElement("div");
  const style = mirror.style;
  for (const property of COPIED) style[property] = computed[property];
  const singleLine = field instanceof HTMLInputElement;
  style.whiteSpace = singleLine ? "pre" : "pre-wrap";
  style.overflowWrap = singleLine ? "normal" : "break-word";
  style.position = "absolute";
  style.visibility = "hidden";
  style.top = "0";
  style.left = "-9999px";
  style.overflow = "hidden";
  mirror.textContent = field.value.slice(0, position);
  const marker = document.createElement("span");
  marker.textContent = field.value.slice(position) || ".";
  mirror.append(marker);
  document.body.append(mirror);
  const fontSize = Number.parseFloat(computed.fontSize) || 14;
  const lineHeight = Number.parseFloat(computed.lineHeight);
  const result = {
    top: marker.offsetTop + (Number.parseFloat(computed.borderTopWidth) || 0) - field.scrollTop,
    left: marker.offsetLeft + (Number.parseFloat(computed.borderLeftWidth) || 0) - field.scrollLeft,
    height: Number.isFinite(lineHeight) ? lineHeight : fontSize * 1.4,
  };
  mirror.remove();
  return result;
}
