import { launch } from "./lib/launch";

await launch();
