class OutOfStock(Exception):
    pass


class Stock:
    def __init__(self):
        self._items = {}

    def add(self, sku, quantity):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self._items[sku] = self._items.get(sku, 0) + quantity
        return self._items[sku]

    def remove(self, sku, quantity):
        have = self._items.get(sku, 0)
        if quantity > have:
            raise OutOfStock(sku)
        if quantity == have:
            del self._items[sku]
            return 0
        self._items[sku] = have - quantity
        return self._items[sku]

    def count(self, sku):
        return self._items.get(sku, 0)

    def report(self):
        if not self._items:
            return "empty"
        return ", ".join(f"{sku}={n}" for sku, n in sorted(self._items.items()))
