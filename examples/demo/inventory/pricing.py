def price(unit_cents, quantity, coupon=None):
    total = unit_cents * quantity
    if quantity >= 10:
        total = total * 90 // 100
    if coupon == "HALF":
        total //= 2
    elif coupon is not None:
        raise ValueError(f"unknown coupon {coupon}")
    return total


def format_cents(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"
