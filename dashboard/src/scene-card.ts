import type { AppContext } from './app-context.js';
import { BUCKETS, errorText, readTextFile } from './backend.js';
import { showCode } from './code-view.js';
import { h, setText } from './element.js';
import { formatSeconds } from './format.js';
import { fileLinks, syncPlayer, syncPoster } from './media.js';
import { decodeFindings, defectCount } from '../../shared/src/domain/layout-findings.js';
import { editNarration, rerunScene, type RerunMode } from '../../shared/src/domain/user-actions.js';
import { applyUpdates } from './row-writes.js';
import type { SceneRow, VideoRow } from './rows.js';
import { statusBadge, updateBadge } from './status-badge.js';
import { sceneStatusView } from './status-view.js';
import { hasMoreThanTail, tracebackTail } from './traceback.js';

/**
 * One scene: status, attempt, the short error with the full log on demand, the code on
 * demand, the clip, and the two ways to run it again. Built once, then updated in place so an
 * open code panel or a playing clip is not reset by the next Realtime message.
 */
export class SceneCard {
  readonly element: HTMLLIElement;
  private scene: SceneRow;
  private video: VideoRow | undefined;
  private readonly title = h('h3', { class: 'scene-title' });
  private readonly badge: HTMLSpanElement;
  private readonly meta = h('p', { class: 'scene-meta' });
  private readonly plan = h('p', { class: 'scene-plan-text' });
  /** What the narrator says, and a way to change it and have this scene made again. */
  private readonly narration = h('blockquote', { class: 'scene-narration' });
  private readonly narrationEditor = h('details', { class: 'scene-narration-edit' });
  private readonly narrationInput = h('textarea', { class: 'narration-input', rows: 3, maxlength: 2000, 'aria-label': 'Narration' });
  private readonly narrationSave: HTMLButtonElement;
  private readonly narrationStatus = h('p', { class: 'action-status', role: 'status' });
  private readonly errorBox = h('div', { class: 'scene-error', hidden: true });
  private readonly errorLabel = h('strong', {});
  private readonly errorLine = h('span', { class: 'error-line' });
  private readonly log = h('details', { class: 'scene-log' });
  private readonly logText = h('pre', { class: 'log-text' });
  private readonly code = h('details', { class: 'scene-code' });
  private readonly codeText = h('code', { class: 'hljs language-python' });
  private readonly clip = h('video', { class: 'scene-clip', controls: true, preload: 'metadata', playsinline: true, hidden: true });
  private readonly layout = h('details', { class: 'scene-layout', hidden: true });
  private readonly layoutSummary = h('summary', {});
  private readonly layoutList = h('ul', { class: 'layout-findings' });
  private shownFindings: string | null = null;
  private readonly newCode: HTMLButtonElement;
  private readonly sameCode: HTMLButtonElement;
  private readonly actionStatus = h('p', { class: 'action-status', role: 'status' });
  private loadedCode: string | null = null;
  private loadedLog: string | null = null;

  constructor(
    private readonly app: AppContext,
    scene: SceneRow,
  ) {
    this.scene = scene;
    this.badge = statusBadge(sceneStatusView[scene.status]);
    this.newCode = h('button', { type: 'button', class: 'rerun-new-code', onclick: () => void this.rerun('new-code') }, 'Write new code');
    this.sameCode = h('button', { type: 'button', class: 'rerun-same-code', onclick: () => void this.rerun('same-code') }, 'Render again');
    this.narrationSave = h('button', { type: 'button', class: 'save-narration', onclick: () => void this.saveNarration() }, 'Save and re-make this scene');
    this.narrationEditor.append(h('summary', {}, 'Edit narration'), this.narrationInput, h('div', { class: 'scene-actions' }, this.narrationSave, this.narrationStatus));
    // Opening the editor starts from the words as they are now.
    this.narrationEditor.addEventListener('toggle', () => { if (this.narrationEditor.open) this.narrationInput.value = this.scene.narration ?? ''; });
    this.log.append(h('summary', {}, 'Full log'), this.logText);
    this.log.addEventListener('toggle', () => void this.loadLog());
    this.code.append(h('summary', {}, 'Code'), h('pre', { class: 'code-block' }, this.codeText));
    this.code.addEventListener('toggle', () => void this.loadCode());
    this.layout.append(this.layoutSummary, this.layoutList);
    this.errorBox.append(h('p', {}, this.errorLabel, ' ', this.errorLine), this.log);
    this.element = h(
      'li',
      { class: 'scene-card', id: `scene-${scene.scene_number}`, 'data-scene-id': scene.$id },
      h('div', { class: 'scene-head' }, this.title, this.badge),
      this.meta,
      this.narration,
      this.narrationEditor,
      h('details', { class: 'scene-plan' }, h('summary', {}, 'Plan'), this.plan),
      this.errorBox,
      this.code,
      this.clip,
      this.layout,
      h('div', { class: 'scene-actions' }, this.newCode, this.sameCode, this.actionStatus),
    );
    this.update(scene, undefined);
  }

  update(scene: SceneRow, video: VideoRow | undefined): void {
    const codeChanged = scene.code_file_id !== this.scene.code_file_id;
    const logChanged = scene.error_log_id !== this.scene.error_log_id || scene.error_message !== this.scene.error_message;
    this.scene = scene;
    this.video = video;
    const el = this.element;
    el.dataset.status = scene.status;
    el.dataset.attempt = String(scene.attempt ?? 0);
    setText(this.title, `Scene ${scene.scene_number}${scene.title ? `: ${scene.title}` : ''}`);
    updateBadge(this.badge, sceneStatusView[scene.status]);
    const parts = [`Attempt ${scene.attempt ?? 0}`, `${scene.renders ?? 0} render${scene.renders === 1 ? '' : 's'}`];
    if (scene.duration_seconds != null) parts.push(`clip ${formatSeconds(scene.duration_seconds)}`);
    if (scene.render_seconds != null) parts.push(`rendered in ${formatSeconds(scene.render_seconds)}`);
    setText(this.meta, parts.join(' · '));
    setText(this.plan, scene.plan ?? 'No plan recorded.');
    setText(this.narration, scene.narration ?? '');
    this.narration.hidden = !scene.narration;
    this.narrationEditor.hidden = !scene.narration && scene.status !== 'rendered' && scene.status !== 'failed';

    const hasError = Boolean(scene.error_message);
    this.errorBox.hidden = !hasError;
    el.classList.toggle('has-error', hasError);
    if (hasError) {
      const label = scene.status === 'failed' ? 'Error' : 'Last attempt failed';
      setText(this.errorLabel, `${label}${scene.error_class ? ` (${scene.error_class})` : ''}:`);
      setText(this.errorLine, tracebackTail(scene.error_message));
      this.log.hidden = !scene.error_log_id && !hasMoreThanTail(scene.error_message);
    }
    if (logChanged) {
      this.loadedLog = null;
      if (this.log.open) void this.loadLog();
    }

    this.code.hidden = !scene.code_file_id;
    if (codeChanged) {
      this.loadedCode = null;
      if (this.code.open) void this.loadCode();
    }

    const clip = scene.status === 'rendered' ? fileLinks(this.app.backend, BUCKETS.clips, scene.video_file_id, scene.video_url) : null;
    this.clip.hidden = !clip;
    this.clip.setAttribute('aria-label', `Clip of scene ${scene.scene_number}`);
    syncPlayer(this.clip, clip?.view ?? null);
    syncPoster(this.clip, fileLinks(this.app.backend, BUCKETS.thumbnails, scene.thumbnail_file_id, scene.thumbnail_url)?.view ?? null);
    this.showFindings(clip ? scene.layout_findings ?? null : null);

    this.newCode.disabled = !rerunScene(scene, video, 'new-code').ok;
    this.sameCode.disabled = !rerunScene(scene, video, 'same-code').ok;
  }

  /** What the layout check saw in the clip, next to it; open by itself when something is wrong. */
  private showFindings(text: string | null): void {
    this.layout.hidden = text === null;
    if (text === this.shownFindings) return;
    this.shownFindings = text;
    const findings = decodeFindings(text);
    const defects = defectCount(findings);
    this.element.dataset.layoutDefects = String(defects);
    setText(this.layoutSummary, findings.length === 0
      ? 'Layout: nothing found'
      : `Layout: ${findings.length} finding${findings.length === 1 ? '' : 's'}${defects > 0 ? ` (${defects} defect${defects === 1 ? '' : 's'})` : ''}`);
    this.layoutList.replaceChildren(...findings.map((f) => h('li', { class: `layout-finding kind-${f.kind}`, 'data-kind': f.kind },
      h('strong', {}, f.kind.replaceAll('_', ' ')), ` at ${formatSeconds(f.t)}${f.line > 0 ? `, line ${f.line}` : ''}: `, f.message)));
    this.layout.open = defects > 0;
  }

  private async rerun(mode: RerunMode): Promise<void> {
    const action = rerunScene(this.scene, this.video, mode);
    if (!action.ok) return;
    this.newCode.disabled = this.sameCode.disabled = true;
    setText(this.actionStatus, mode === 'new-code' ? 'Asking for new code…' : 'Rendering again…');
    try {
      await applyUpdates(this.app.backend, this.app.live, [action.update]);
      setText(this.actionStatus, '');
    } catch (error) {
      setText(this.actionStatus, `Could not re-run: ${errorText(error)}`);
      this.update(this.scene, this.video);
    }
  }

  private async saveNarration(): Promise<void> {
    const action = editNarration(this.scene, this.video, this.narrationInput.value);
    if (!action.ok) return setText(this.narrationStatus, `Not saved: ${action.reason}.`);
    this.narrationSave.disabled = true;
    setText(this.narrationStatus, 'Saving; the scene will be spoken and made again…');
    try {
      await applyUpdates(this.app.backend, this.app.live, [action.update]);
      this.narrationEditor.open = false;
      setText(this.narrationStatus, '');
    } catch (error) {
      setText(this.narrationStatus, `Could not save: ${errorText(error)}`);
    } finally {
      this.narrationSave.disabled = false;
    }
  }

  private async loadCode(): Promise<void> {
    const fileId = this.scene.code_file_id;
    if (!this.code.open || !fileId || this.loadedCode === fileId) return;
    this.loadedCode = fileId;
    setText(this.codeText, 'Loading code…');
    try {
      const source = await readTextFile(this.app.backend, BUCKETS.code, fileId);
      if (this.scene.code_file_id === fileId) showCode(this.codeText, source);
    } catch (error) {
      this.loadedCode = null;
      setText(this.codeText, `Could not load the code: ${errorText(error)}`);
    }
  }

  private async loadLog(): Promise<void> {
    const scene = this.scene;
    const key = `${scene.error_log_id ?? ''}|${scene.error_message ?? ''}`;
    if (!this.log.open || this.loadedLog === key) return;
    this.loadedLog = key;
    if (!scene.error_log_id) return setText(this.logText, scene.error_message ?? '');
    setText(this.logText, 'Loading the log…');
    try {
      setText(this.logText, await readTextFile(this.app.backend, BUCKETS.logs, scene.error_log_id));
    } catch (error) {
      this.loadedLog = null;
      setText(this.logText, `${scene.error_message ?? ''}\n\n(The full log could not be loaded: ${errorText(error)})`);
    }
  }
}
