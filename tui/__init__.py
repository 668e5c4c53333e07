"""The Textual app: screens, widgets and their CSS. Reads and writes through planreview.store only."""
