"""Stage 2 disputes about restriction decisions, handled by the QSR team (see DOMAIN.md)."""
