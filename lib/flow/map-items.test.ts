import { describe, expect, it } from "vitest";
import { parseMapItems } from "./map-items";

describe("map items", () => {
  it("takes arrays as they are, JSON arrays in text, else one item per non-empty line", () => {
    expect(parseMapItems([1, { a: 2 }])).toEqual([1, { a: 2 }]);
    expect(parseMapItems(' ["a", {"b": 1}] ')).toEqual(["a", { b: 1 }]);
    expect(parseMapItems("one\n\n two \nthree")).toEqual(["one", "two", "three"]);
    expect(parseMapItems("[not json")).toEqual(["[not json"]);
    expect(parseMapItems(null)).toEqual([]);
    expect(parseMapItems(42)).toEqual([42]);
  });
});
