/** Files the pipeline writes are readable by the video's owner only (the key reads anything). */
export function fileReadPermissions(owner: string | null | undefined): string[] {
  return owner ? [`read("user:${owner}")`] : [];
}

/** Scene rows: the owner reads them and may update them (that is how a re-run is asked for). */
export function sceneRowPermissions(owner: string | null | undefined): string[] {
  return owner ? [`read("user:${owner}")`, `update("user:${owner}")`] : [];
}
