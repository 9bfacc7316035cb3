import * as vscode from 'vscode';
import { normaliseHexColor } from '../common/colors';

const cache = new Map<string, vscode.Uri>();

/**
 * A tag row's icon: a swatch of the tag's colour as an SVG data URI (no files to write or
 * clean up). The colour is validated first, so nothing from the API reaches the SVG
 * unchecked; a missing or odd colour falls back to the plain tag icon.
 */
export function tagIcon(color: string | undefined): vscode.Uri | vscode.ThemeIcon {
  const hex = normaliseHexColor(color);
  if (!hex) return new vscode.ThemeIcon('tag');
  let uri = cache.get(hex);
  if (!uri) {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">' +
      `<circle cx="8" cy="8" r="5.5" fill="${hex}" stroke="#808080" stroke-opacity="0.6"/></svg>`;
    uri = vscode.Uri.parse(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
    cache.set(hex, uri);
  }
  return uri;
}
