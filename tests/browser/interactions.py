"""Counting what a person does on a page: each click, choice and typed field is one interaction.

A journey acts through ``Interactions`` instead of the page's locators directly, so that the
count it asserts is the count of what it did.
"""


class Interactions:
    def __init__(self, page):
        self.page = page
        self.done: list[str] = []

    @property
    def count(self) -> int:
        return len(self.done)

    def click(self, locator) -> None:
        self.done.append(f"click {locator}")
        locator.click()

    def check(self, locator) -> None:
        self.done.append(f"choose {locator}")
        locator.check()

    def fill(self, locator, text: str) -> None:
        self.done.append(f"type in {locator}")
        locator.fill(text)

    def select(self, locator, value: str) -> None:
        self.done.append(f"select in {locator}")
        locator.select_option(value)
