import { useEffect } from 'react';
import type { Command } from './useCommands';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Keyboard shortcuts for the commands; typing in a field keeps its own Ctrl+Z and Delete. */
export function useShortcuts(commands: Record<string, Command>): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let command: Command | undefined;
      if (mod && key === 'z') command = event.shiftKey ? commands.redo : commands.undo;
      else if (mod && key === 'y') command = commands.redo;
      else if (mod && key === 's') command = commands.saveDesign;
      else if (mod && key === 'o') command = commands.openDesign;
      else if (!mod && (key === 'delete' || key === 'backspace')) command = commands.deleteSelection;
      if (!command) return;
      event.preventDefault();
      if (command.enabled) command.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);
}
