"""Several debts in one case: a row per debt with its claim; payments and claim lines name their debt.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import evidence_kit.store.tables

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('debts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.String(length=100), nullable=False),
    sa.Column('debt_id', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('contract_no', sa.String(), nullable=False),
    sa.Column('card_masked', sa.String(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('principal', evidence_kit.store.tables.Money(length=24), nullable=True),
    sa.Column('interest', evidence_kit.store.tables.Money(length=24), nullable=True),
    sa.Column('penalty', evidence_kit.store.tables.Money(length=24), nullable=True),
    sa.Column('compound', evidence_kit.store.tables.Money(length=24), nullable=True),
    sa.Column('fees', evidence_kit.store.tables.Money(length=24), nullable=True),
    sa.Column('total', evidence_kit.store.tables.Money(length=24), nullable=True),
    sa.Column('not_due_principal', evidence_kit.store.tables.Money(length=24), nullable=True),
    sa.Column('credit', evidence_kit.store.tables.Money(length=24), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.case_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('debts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debts_case_id'), ['case_id'], unique=False)
    # rows stored before this revision belong to a one-loan case: their debt is left empty, as a
    # schema_version 1 case's rows are written
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('debt_id', sa.String(), nullable=False, server_default=''))
    with op.batch_alter_table('claim_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('debt_id', sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('claim_lines', schema=None) as batch_op:
        batch_op.drop_column('debt_id')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_column('debt_id')
    with op.batch_alter_table('debts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debts_case_id'))
    op.drop_table('debts')
