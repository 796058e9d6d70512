import pytest

from inventory.stock import OutOfStock, Stock


def test_add_accumulates():
    s = Stock()
    s.add("apple", 2)
    assert s.add("apple", 3) == 5


def test_add_rejects_zero():
    with pytest.raises(ValueError):
        Stock().add("apple", 0)


def test_remove_partial():
    s = Stock()
    s.add("pear", 5)
    assert s.remove("pear", 2) == 3


def test_remove_all_forgets_the_item():
    s = Stock()
    s.add("pear", 1)
    assert s.remove("pear", 1) == 0
    assert s.report() == "empty"


def test_remove_too_many():
    with pytest.raises(OutOfStock):
        Stock().remove("plum", 1)


def test_report_is_sorted():
    s = Stock()
    s.add("b", 1)
    s.add("a", 2)
    assert s.report() == "a=2, b=1"
