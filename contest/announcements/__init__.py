"""Announcements ("Thông báo") of a contest: written by the organizers, read by everyone."""
