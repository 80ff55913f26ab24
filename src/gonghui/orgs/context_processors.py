from .access import placement_of


def placement(request):
    return {"placement": placement_of(getattr(request, "user", None))}
