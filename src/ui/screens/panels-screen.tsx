/** The panels screen: the stage panels, or over them the `?` help and the action menus. */
import type { CommandId } from '../../core/panel/commands.js';
import type { PanelRow } from '../../core/panel/panels.js';
import type { Overlay, Verb } from '../../core/panel/tui-state.js';
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
  onRowMenu(choice: CommandId | 'cancel'): void;
  onPlatformMenu(verb: Verb | 'cancel'): void;
}

export function PanelsScreen({
  overlay,
  asking,
  menuRow,
  body,
  readOnly,
  color,
  width,
  onRowMenu,
  onPlatformMenu,
}: PanelsScreenProps) {
  if (overlay.kind === 'help') return <HelpOverlay readOnly={readOnly} width={width} />;
  if (menuRow) return <RowMenu row={menuRow} onSelect={onRowMenu} />;
  if (overlay.kind === 'platform-menu') return <PlatformMenu onSelect={onPlatformMenu} />;
  return overlay.kind === 'none' || asking || overlay.kind === 'menu' ? (
    <Body lines={body} color={color} width={width} />
  ) : null;
}
