"""Extension objects, created unbound and initialised by create_app()."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from contest.core.limits import per_address
from contest.core.limits import store as limit_store  # noqa: F401 - registers the sqlite:/// limit storage


class Base(DeclarativeBase):
    """Declarative base whose constraint names are stable across SQLite and PostgreSQL."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
mail = Mail()
limiter = Limiter(key_func=per_address, default_limits=[])
