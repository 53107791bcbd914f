// The editor's entry point.
import { EditorApp } from "./app";

const root = document.getElementById("app");
if (root) new EditorApp({ root }).start();
