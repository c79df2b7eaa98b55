// What the gateways, links, devices, loads, groups and panel boards pages share: the list beside
// the form of the entity chosen (`?edit=<id>`, or a new one with `?add=1`), the form's draft and
// the id of a new entity made from its name, Save (then the configuration is read again and the
// saved notice shown), Test, Delete after a question, and Close. An entity's form reads it when it
// opens and keeps its tag: Save and Delete send it (`If-Match`), so that a change someone else
// saved meanwhile is said (with Reload) instead of being overwritten.
import { Fragment, type ComponentChildren, type VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type Tagged } from "../../api/client";
import { Dialog } from "../../components/dialog";
import { EmptyState } from "../../components/empty";
import { ErrorNotice } from "../../components/problem";
import { submitWith, useAction, type Action } from "../../components/server";
import { t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { idFromName, takeRead } from "./model";
import { SavedNotice, fieldsOf, labelsFor } from "./ui";

/** What every entity has: its id (given by the API's answers, chosen for a new one). */
export interface Entity {
  id?: string;
}

/** How the API keeps one kind of entity. */
export interface EntityApi<T extends Entity> {
  /** Where a refusal names the fields (`devices.*.`); the form names them without it. */
  prefix: string;
  /** The entity as it is now, with its tag. */
  read: (id: string) => Promise<Tagged<T>>;
  create: (body: T) => Promise<Entity>;
  /** Replaces the entity if it still has `tag` (whatever it is with null): it now, with its new tag. */
  update: (id: string, body: T, tag: string | null) => Promise<Tagged<T>>;
  /** Deletes the entity if it still has `tag` (whatever it is with null). */
  remove: (id: string, tag: string | null) => Promise<void>;
}

/** The path parameter of an entity's address (`/api/v1/devices/{id}`). */
export const byId = (id: string) => ({ params: { path: { id } } });

/** The path parameter of an entity's address and, with a tag, the `If-Match` that makes a change wait for nobody else's. */
export const byIdIfMatch = (id: string, tag: string | null) => ({ params: { path: { id }, header: tag === null ? {} : { "If-Match": tag } } });

/** Whether an error says the entity was changed by someone else since it was read. */
export function isChanged(error: unknown): boolean {
  return error instanceof ApiError && error.code === "changed";
}

/** Which entity of a section is open: `?edit=<id>`, or a new one with `?add=1`. */
function useSelection(): { editing: string | null; adding: boolean } {
  const query = here.value.query;
  return { editing: query.get("edit"), adding: query.has("add") };
}

/** The address of the section with entity `id` open (null: none), the other choices kept. */
function editHref(id: string | null): string {
  return withQuery({ edit: id, add: null });
}

/** The address of the section with a new entity's form open. */
function addHref(): string {
  return withQuery({ edit: null, add: "1" });
}

/** What the section does after a form saved, deleted or read again its entity. */
export interface Outcome {
  /** The configuration is read again and the entity shown, with the saved notice. */
  saved: (id: string) => Promise<void>;
  /** The configuration is read again and the form closed. */
  deleted: () => Promise<void>;
  /** The configuration is read again (the list shows what the form now shows). */
  reread: () => Promise<void>;
}

interface SectionProps<T extends Entity> {
  intro: string;
  /** The name of the list for screen readers. */
  label: string;
  /** What the "add" button says. */
  add: string;
  items: readonly T[];
  /** Reads the configuration again. */
  reload: () => Promise<void>;
  /** The list (and its filters); `item` makes the entry that opens an entity's form. */
  list: (item: (id: string | undefined, content: ComponentChildren) => VNode) => ComponentChildren;
  /** The form of the entity chosen, or of a new one (`got` null). */
  editor: (got: T | null, outcome: Outcome) => ComponentChildren;
  /** Shown above the form (a failure to read what the forms need). */
  notice?: ComponentChildren;
}

/** A section page: the list with an "add" button, and the form of the entity chosen beside it. */
export function EntitySection<T extends Entity>({ intro, label, add, items, reload, list, editor, notice }: SectionProps<T>) {
  const { editing, adding } = useSelection();
  const [saved, setSaved] = useState<string | null>(null);
  const got = editing ? items.find((e) => e.id === editing) : undefined;
  const outcome: Outcome = {
    saved: async (id) => {
      await reload();
      setSaved(id);
      navigate(editHref(id), true);
    },
    deleted: async () => {
      await reload();
      navigate(editHref(null));
    },
    reread: reload,
  };
  const item = (id: string | undefined, content: ComponentChildren) => (
    <li>
      <a href={editHref(id ?? "")} aria-current={id === editing ? "true" : undefined} onClick={() => setSaved(null)}>
        {content}
      </a>
    </li>
  );
  return (
    <>
      <p>{intro}</p>
      <div class="config-split">
        <section aria-label={label}>
          {list(item)}
          <p>
            <a class="button-link primary" href={addHref()} onClick={() => setSaved(null)}>
              {add}
            </a>
          </p>
        </section>
        <div>
          {notice}
          {saved && saved === editing && <SavedNotice />}
          {adding && <Fragment key="new">{editor(null, outcome)}</Fragment>}
          {got && <Fragment key={got.id}>{editor(got, outcome)}</Fragment>}
          {editing && !got && <NotFound id={editing} />}
          {!adding && !editing && (
            <EmptyState title={t("configuration-choose")}>
              <p>{t("configuration-choose-text")}</p>
            </EmptyState>
          )}
        </div>
      </div>
    </>
  );
}

/** The entity asked for in the address does not exist (any more). */
function NotFound({ id }: { id: string }) {
  return (
    <div class="notice error" role="alert">
      <strong>{t("configuration-not-found", { id })}</strong>
      <p>
        <a href={editHref(null)}>{t("configuration-back-to-list")}</a>
      </p>
    </div>
  );
}

/** How the id of a new entity is made from its name: unlike those `taken`, `fallback` for a name without letters. */
interface Naming {
  taken: readonly string[];
  fallback: string;
}

export interface EntityDraft<T extends Entity> {
  creating: boolean;
  draft: T;
  setDraft: (draft: T) => void;
  /** The id of a new entity. */
  id: string;
  /** Sets the id as typed: it is no longer made from the name. */
  setId: (id: string) => void;
  /** Sets the name, and the id of a new entity made from it until the id is typed. */
  setName: (name: string) => void;
  save: Action;
  /** The fields the last save refused, by the form's names. */
  fields: Map<string, string>;
  prefix: string;
  /** Deletes the entity (if nobody changed it since it was read) and closes its form. */
  remove: () => Promise<void>;
  /** Replaces the entity by `edit` of it as last read or saved (if nobody changed it since), then shows it saved. */
  change: (edit: (entity: T) => T) => Promise<void>;
  /** Reads the entity again into the form, the edits made there lost, and the configuration with it. */
  reload: Action;
}

/** The state of an entity's form: `got` as saved (null: a new one, starting as `blank`). */
export function useEntityDraft<T extends Entity>(
  got: T | null,
  blank: T,
  spec: EntityApi<T>,
  outcome: Outcome,
  naming: Naming,
  firstId = "",
): EntityDraft<T> {
  const [draft, setDraftOnly] = useState<T>(got ?? blank);
  const [id, setId] = useState(got?.id ?? firstId);
  const [idTyped, setIdTyped] = useState(false);
  /** The entity as last read or saved, and its tag: what Save and Delete change. */
  const [base, setBase] = useState<Tagged<T> | null>(got && { data: got, tag: null });
  const edited = useRef(false);
  const setDraft = (next: T) => {
    edited.current = true;
    setDraftOnly(next);
  };
  const show = (read: Tagged<T>) => {
    setBase(read);
    setDraftOnly(read.data);
    edited.current = false;
  };
  useEffect(() => {
    if (!got?.id) return;
    let open = true;
    // When it cannot be read (gone meanwhile, no answer), Save and Delete say why.
    spec.read(got.id).then(
      (read) => {
        if (!open) return;
        const taken = takeRead(read, got, edited.current);
        if (taken.draft) show(read);
        else setBase({ data: got, tag: taken.tag });
      },
      () => {},
    );
    return () => {
      open = false;
    };
  }, []);
  const save = useAction(async () => {
    if (got) {
      setBase(await spec.update(got.id ?? "", draft, base?.tag ?? null));
      await outcome.saved(got.id ?? "");
    } else {
      const created = await spec.create({ ...draft, id });
      await outcome.saved(created.id ?? id);
    }
  });
  const reload = useAction(async () => {
    show(await spec.read(got?.id ?? ""));
    save.clear();
    await outcome.reread();
  });
  return {
    creating: got === null,
    draft,
    setDraft,
    id,
    setId: (typed) => {
      setId(typed);
      setIdTyped(true);
    },
    setName: (name) => {
      setDraft({ ...draft, name });
      if (!got && !idTyped) setId(idFromName(name, naming.taken, naming.fallback));
    },
    save,
    fields: fieldsOf(save.error, [spec.prefix]),
    prefix: spec.prefix,
    remove: async () => {
      await spec.remove(got?.id ?? "", base?.tag ?? null);
      await outcome.deleted();
    },
    change: async (edit) => {
      if (!got?.id || !base) return;
      setBase(await spec.update(got.id, edit(base.data), base.tag));
      await outcome.saved(got.id);
    },
    reload,
  };
}

/** A test of an entity (read it, open its links): its result once read, null before and while it runs. */
export function useTest<R>(read: () => Promise<R>): Action & { result: R | null } {
  const [result, setResult] = useState<R | null>(null);
  const test = useAction(async () => {
    setResult(null);
    setResult(await read());
  });
  return { ...test, result };
}

interface Deletion {
  title: string;
  /** What deleting does and keeps. */
  text: string;
  /** The seeds' alternative to erasing: disabling, for what can be disabled. */
  onDisable?: (() => Promise<void>) | undefined;
  /** Only disabling is possible (a predefined load). */
  disableOnly?: boolean;
}

interface FormProps<T extends Entity> {
  title: string;
  form: EntityDraft<T>;
  /** The labels of the form's fields by their names, for the list of refused fields. */
  labels: Record<string, string>;
  /** "Test", offered when given; its result below the form. */
  test?: Action | null | undefined;
  testResult?: ComponentChildren;
  /** Where a failed test names the fields, to label them as the form does (else as any error). */
  testPrefixes?: readonly string[];
  /** "Delete", offered when given. */
  deletion?: Deletion | null | undefined;
  /** The form's fields. */
  children: ComponentChildren;
  /** Below the buttons. */
  footer?: ComponentChildren;
  /** Below the form and the test's result. */
  related?: ComponentChildren;
}

/** An entity's form: its fields, what the server refused, Save, Test, Delete and Close. */
export function EntityForm<T extends Entity>(props: FormProps<T>) {
  const { title, form, labels, test, testResult, testPrefixes, deletion, children, footer, related } = props;
  const [deleting, setDeleting] = useState(false);
  const busy = form.save.busy || !!test?.busy;
  return (
    <FormCard title={title}>
      <form onSubmit={submitWith(form.save)}>
        {children}
        <ErrorNotice error={form.save.error} labels={labelsFor(form.save.error, [form.prefix], labels)}>
          {isChanged(form.save.error) && <ReloadButton reload={form.reload} />}
        </ErrorNotice>
        <ErrorNotice error={form.reload.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t("app-save")}
          </button>
          {test && (
            <button type="button" disabled={busy} onClick={() => void test.run()}>
              {t("configuration-test")}
            </button>
          )}
          {deletion && (
            <button type="button" class="danger" onClick={() => setDeleting(true)}>
              {t("app-delete")}
            </button>
          )}
          <a class="button-link" href={editHref(null)}>
            {t("app-close")}
          </a>
        </div>
        {footer}
      </form>
      {test && <ErrorNotice error={test.error} {...(testPrefixes ? { labels: labelsFor(test.error, testPrefixes, labels) } : {})} />}
      {testResult}
      {related}
      {deletion && <DeleteDialog {...deletion} open={deleting} onClose={() => setDeleting(false)} onDelete={form.remove} reload={form.reload} />}
    </FormCard>
  );
}

/** The form of one entity beside the list; its heading takes the focus when it opens (on a phone it is below the list). */
function FormCard({ title, children }: { title: string; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Chosen from the list (a link has the focus): take the focus along; not on a page just opened.
    if (document.activeElement && document.activeElement !== document.body) heading.current?.focus();
  }, []);
  return (
    <section class="card config-form" aria-label={title}>
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** "Reload": the entity as it is now in the form (the notice above says the edits are lost). */
/** Reads again what someone else changed since it was read (shown with the `changed` refusal). */
export function ReloadButton({ reload, then }: { reload: Action; then?: () => void }) {
  return (
    <p>
      <button
        type="button"
        disabled={reload.busy}
        onClick={() =>
          void reload.run().then((done) => {
            if (done) then?.();
          })
        }
      >
        {t("app-reload")}
      </button>
    </p>
  );
}

interface DeleteProps extends Deletion {
  open: boolean;
  onClose: () => void;
  onDelete: () => Promise<void>;
  /** Reads the entity again, when someone else changed it since. */
  reload: Action;
}

/**
 * "Delete this?" with Delete (or Disable) and Cancel; a refusal (409: "delete its devices first";
 * 412: changed meanwhile, with Reload) is shown in words.
 */
function DeleteDialog({ open, title, text, onClose, onDelete, onDisable, reload, disableOnly = false }: DeleteProps) {
  const act = useAction(async (action: () => Promise<void>) => {
    await action();
    onClose();
  });
  const close = () => {
    act.clear();
    onClose();
  };
  return (
    <Dialog title={title} open={open} onClose={close}>
      <p>{text}</p>
      <ErrorNotice error={act.error}>{isChanged(act.error) && <ReloadButton reload={reload} then={close} />}</ErrorNotice>
      <div class="actions">
        {!disableOnly && (
          <button type="button" class="danger" disabled={act.busy} onClick={() => void act.run(onDelete)}>
            {t("configuration-delete-confirm")}
          </button>
        )}
        {onDisable && (
          <button type="button" disabled={act.busy} onClick={() => void act.run(onDisable)}>
            {t("configuration-disable")}
          </button>
        )}
        <button type="button" onClick={close}>
          {t("app-cancel")}
        </button>
      </div>
    </Dialog>
  );
}
