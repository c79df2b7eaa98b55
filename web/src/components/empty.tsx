// What a page shows when it has nothing to show yet: what that means and what to do.
import type { ComponentChildren } from "preact";

interface Props {
  title: string;
  children?: ComponentChildren;
}

export function EmptyState({ title, children }: Props) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}
