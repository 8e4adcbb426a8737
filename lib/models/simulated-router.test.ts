import { describe, expect, it } from "vitest";
import { routeFromAnswer, simulateRoute } from "./simulated-router";

const routes = [
  { id: "billing", description: "invoices, payments, refunds, charges" },
  { id: "support", description: "errors, bugs, crashes, login problems" },
  { id: "other", description: "anything else" },
];

describe("router", () => {
  it("the Simulator picks the route sharing the most words, deterministically", () => {
    expect(simulateRoute("I was charged twice on my invoice", routes)).toBe("billing");
    expect(simulateRoute("The app crashes after login", routes)).toBe("support");
    expect(simulateRoute("What's the weather?", routes)).toBe("other");
  });

  it("reads a model's answer", () => {
    expect(routeFromAnswer("support", routes)).toBe("support");
    expect(routeFromAnswer("Route: Billing.", routes)).toBe("billing");
    expect(routeFromAnswer("other, or maybe support", routes)).toBe("other");
    expect(routeFromAnswer("supportive", routes)).toBeNull();
  });
});
