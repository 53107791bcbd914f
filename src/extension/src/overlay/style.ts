// The overlay's CSS, inside its shadow root. `:host { all: initial }` stops the host page's inherited properties
// (font, colour, line height, direction) at the shadow boundary; everything below sets its own.
export const panelWidth = 360;

export const overlayStyle = `
:host { all: initial; }
* { box-sizing: border-box; }
.panel {
  position: fixed; top: 0; right: 0; bottom: 0; width: ${panelWidth}px; max-width: 100vw; z-index: 2147483646;
  background: #fff; border-left: 1px solid #c4c8cc; box-shadow: -4px 0 16px rgb(0 0 0 / 18%);
}
.panel[hidden] { display: none; }
.frame { display: block; width: 100%; height: 100%; border: 0; }
.launcher {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; margin: 0;
  padding: 10px 16px; border: 2px solid #fff; border-radius: 999px; background: #154273; color: #fff;
  font: 600 15px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; letter-spacing: normal;
  text-transform: none; box-shadow: 0 2px 10px rgb(0 0 0 / 30%); cursor: pointer;
}
.launcher.open { right: ${panelWidth + 16}px; }
.launcher:hover { background: #0b2c52; }
.launcher:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
@media (max-width: ${panelWidth + 200}px) { .launcher.open { right: 16px; bottom: auto; top: 16px; } }
@media (forced-colors: active) { .launcher { border-color: ButtonText; } }
`;
