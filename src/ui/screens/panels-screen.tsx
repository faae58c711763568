/** The panels screen: the stage panels, or over them the `?` help and the action menus. */
import type { PanelRow } from '../../core/panel/panels.js';
import type { Overlay } from '../../core/panel/tui-state.js';
import { Body } from '../components/body.js';
import { HelpOverlay } from '../components/help-overlay.js';
import { PlatformMenu, RowMenu } from '../components/menus.js';
import type { BodyLine } from '../layout.js';

export interface PanelsScreenProps {
  overlay: Overlay;
  /** A y/N question is on the message line: the panels stay in sight. */
  asking: boolean;
  menuRow: PanelRow | undefined;
  body: BodyLine[];
  readOnly: boolean;
  color: boolean;
  width: number;
}

export function PanelsScreen({ overlay, asking, menuRow, body, readOnly, color, width }: PanelsScreenProps) {
  if (overlay.kind === 'help') return <HelpOverlay readOnly={readOnly} width={width} />;
  if (menuRow && overlay.kind === 'menu') return <RowMenu row={menuRow} index={overlay.index} color={color} />;
  if (overlay.kind === 'platform-menu') return <PlatformMenu index={overlay.index} color={color} />;
  return overlay.kind === 'none' || asking || overlay.kind === 'menu' ? (
    <Body lines={body} color={color} width={width} />
  ) : null;
}
