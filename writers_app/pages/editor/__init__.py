"""/tasks/[task_id]: the editor page, its analysis panel and its history, around one EditorState."""
